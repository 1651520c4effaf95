"""Clinics: invites, staff, alerts, the digest, and each clinic's view of its own patients."""

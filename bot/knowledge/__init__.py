"""Answering patients from the articles, and red-flag triage before any answer."""

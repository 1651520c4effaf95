"""A patient's data rights: what is kept, export and erasure."""

"""A case: its articles, their sentences, spans in them, and the answer key.

No screen here: every function returns data (DataFrames, tuples).
"""

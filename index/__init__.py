"""Retrieval: embedders, the FAISS and BM25 indexes, fused search and the answer/escalate rule.

Knows chunks (ids, texts, resource ids) and vectors; knows nothing of chat or of the database.
"""

"""The resource repository: files on disk, their loaders, chunking and incremental ingest.

Knows documents and chunks; knows nothing of chat platforms or of how chunks are searched.
"""

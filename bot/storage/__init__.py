"""Database engine, sessions and migrations shared by the knowledge tables and the staff queue."""

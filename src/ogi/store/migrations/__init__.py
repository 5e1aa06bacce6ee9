"""Alembic migrations of the ogi store, applied on open (`ogi.store.open_store`)."""

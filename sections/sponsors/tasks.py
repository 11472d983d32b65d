"""Huey tasks of the sponsors section."""

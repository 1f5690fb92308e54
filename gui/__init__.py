"""Lamina's Qt application: one document model, views that observe it."""

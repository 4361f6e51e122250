"""Shared Purpose Tracker: the API and services for running an improvement programme."""

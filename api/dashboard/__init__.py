"""Read models for the dashboard: the programme and its teams as they stood on a given day."""

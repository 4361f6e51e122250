"""The shared machinery every resource uses: schema bases, the CRUD service and router builder."""

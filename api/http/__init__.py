"""HTTP concerns every route shares: the OpenAPI path index and the query-string check."""

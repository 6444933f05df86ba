"""The HTTP API: a SPARQL endpoint, REST views and pages, built by :func:`policykg.api.app.create_app`."""

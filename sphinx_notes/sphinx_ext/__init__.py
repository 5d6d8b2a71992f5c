"""The Sphinx glue: configuration, page generation, directives, domain and HTML hooks."""

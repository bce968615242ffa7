"""Reviews of any mechanism: create and edit them, paste and split their documents, add
recommendations by hand."""

"""The production layout on one machine: `make cluster`, `make test-cluster` (issue 18)."""

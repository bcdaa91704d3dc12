"""API requests: frontend learners ask for endpoints, backend learners claim and deliver them."""

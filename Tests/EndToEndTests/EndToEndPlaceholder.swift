// CLI tests that run the built binary.

"""The funding app serves three sections, each with its own URL namespace."""

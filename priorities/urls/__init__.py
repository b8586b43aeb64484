"""The priorities app serves two sections, each with its own URL namespace."""

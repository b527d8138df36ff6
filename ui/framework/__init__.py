"""The framework to learn: the concept explorer and the exercises."""

"""The shared web kit: what every audience under eig/web may use (audiences never import each other)."""

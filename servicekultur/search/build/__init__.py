"""Writing the index at build time: documents → plan (analysis, key terms) → a new generation,
published by one atomic rename; „Mehr zum Thema“ from the key terms."""

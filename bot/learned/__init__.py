"""The learned layer of triage: a linear model over words, character n-grams and rule scores."""

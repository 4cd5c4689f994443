"""claims: a claim and source attribution tracker."""

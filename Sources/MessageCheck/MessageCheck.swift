/// Scam-message checker (issue 9).

"""Use cases of the office's work; each public function is one transaction."""

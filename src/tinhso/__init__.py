"""tinhso: the digital province (steering Resolution 57 and one-stop public services)."""

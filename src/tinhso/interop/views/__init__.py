"""Pages of the interop app: the public dossier lookup and the operators' outbox monitor."""

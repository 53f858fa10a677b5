"""Congress: organisations, congresses, sessions, delegations, delegates, attendance, agenda."""

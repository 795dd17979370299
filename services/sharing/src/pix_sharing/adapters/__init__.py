"""The infrastructure sharing's handlers use: chunked tables and their readers (tables,
campaign_tables), vaults of personal data (invitations, share_vault, participation_vault),
code reservations (organization_codes, campaign_book), and the XLSX writer."""

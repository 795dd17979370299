"""Profile's rules, free of any framework. For now: the competences a profile covers."""

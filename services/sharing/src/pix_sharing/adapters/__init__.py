"""The infrastructure sharing's handlers use (store collections, mail …). Empty for now:
the organizations' and campaigns' collections will go here with their handlers."""

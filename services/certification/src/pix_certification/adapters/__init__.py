"""The infrastructure certification's handlers use (store collections, mail …). Empty for
now: the centers', sessions' and candidates' collections will go here with their handlers."""

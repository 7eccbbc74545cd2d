import counter_mod

counter_mod.record("from user_a")

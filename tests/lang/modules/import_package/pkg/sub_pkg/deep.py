from pkg import sub

VALUE = "deep value, sub says " + sub.where()

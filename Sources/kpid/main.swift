print("kpid")

print("inside the project")

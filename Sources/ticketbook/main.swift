print("ticketbook")

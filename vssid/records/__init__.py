"""Personal records ("Quản lý cá nhân"): participation history, benefits, medical-visit book."""

"""Hỗ trợ 24/7: the FAQ, the virtual assistant, the hotline page, feedback and petitions."""

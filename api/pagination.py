from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """`?page=2&page_size=100`: pages of API_PAGE_SIZE rows by default, of at most 200."""

    page_size_query_param = "page_size"
    max_page_size = 200

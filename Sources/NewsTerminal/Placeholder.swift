import NewsUI
import CNcursesw

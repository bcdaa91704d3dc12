"""An evaluation set for `/ask`'s similar solved questions, written the way learners ask.

`SOLVED`: 60 solved threads (title, question, accepted answer), each asked again twice in
other words: synonyms, symptoms instead of causes, typos, code names. `DISTRACTORS`: 40
solved threads near them (same tools, another problem). `NEW`: 40 questions no solved
thread answers, on the same tools. Used by bench/recall.py and (a slice) by
tests/unit/qa/test_similar_recall.py.
"""

from __future__ import annotations

from typing import NamedTuple


class Asked(NamedTuple):
    title: str
    question: str


class Solved(NamedTuple):
    title: str
    question: str
    answer: str
    again: tuple[Asked, Asked]


def _s(title: str, question: str, answer: str, *again: tuple[str, str]) -> Solved:
    first, second = (Asked(*pair) for pair in again)
    return Solved(title, question, answer, (first, second))


SOLVED: tuple[Solved, ...] = (
    _s(
        "Django view makes hundreds of queries",
        "My list page of orders runs one query per row when the template shows the customer.",
        "That is the N+1 problem: use select_related('customer') on the queryset so the "
        "foreign key is fetched in the same query.",
        ("N+1 problem with foreign key in template", "every row of the table hits the db again"),
        (
            "page super slow, debug toolbar shows 300 sql",
            "looping over orders and printing order.customer.name",
        ),
    ),
    _s(
        "Rate limit an endpoint in DRF",
        "How can I stop one user from calling my login endpoint thousands of times?",
        "Use DRF throttling: set DEFAULT_THROTTLE_CLASSES with UserRateThrottle and "
        "DEFAULT_THROTTLE_RATES, or a ScopedRateThrottle on the view. Clients get 429.",
        ("return 429 after a few calls", "want the api to refuse clients that spam requests"),
        ("limit requests per minute for each user", "someone hammers my rest api, how to throttle"),
    ),
    _s(
        "Filter on a key inside a JSONField",
        "I store settings in a JSONField and want rows where settings has theme equal dark.",
        "Use key lookups: Model.objects.filter(settings__theme='dark'). On PostgreSQL "
        "JSONField is jsonb and supports contains and has_key too.",
        (
            "query a jsonb column from django",
            "need the records whose json data has a certain value",
        ),
        (
            "filter by nested json attribute orm",
            "data = {'prefs': {'lang': 'fr'}} how do i get those rows",
        ),
    ),
    _s(
        "CORS error when React calls my Django API",
        "The browser says blocked by CORS policy: No Access-Control-Allow-Origin header.",
        "Install django-cors-headers, add CorsMiddleware high in MIDDLEWARE and list your "
        "frontend in CORS_ALLOWED_ORIGINS.",
        (
            "frontend on localhost:3000 cant reach backend",
            "fetch fails with allow origin message in the console",
        ),
        (
            "Access-Control-Allow-Origin missing",
            "my vite app gets blocked requesting the django server",
        ),
    ),
    _s(
        "JWT access token expires too fast",
        "With simplejwt my users get logged out after five minutes.",
        "Raise ACCESS_TOKEN_LIFETIME in SIMPLE_JWT and have the client use the refresh token "
        "to get a new access token before it expires.",
        ("simplejwt logs users out after 5 min", "token stops working quickly"),
        (
            "how to keep jwt login alive longer",
            "users have to sign in again every few minutes, can i extend it",
        ),
    ),
    _s(
        "Celery task never runs",
        "I call send_email.delay() but nothing happens and no error appears.",
        "Start a worker: celery -A proj worker -l info, and check the broker URL points at "
        "your running RabbitMQ or Redis. delay() only queues the task.",
        ("delay() does nothing", "background job queued but the function is never executed"),
        ("celery job stuck, worker not picking it up", "my async email task just sits there"),
    ),
    _s(
        "Docker container cannot connect to Postgres on localhost",
        "My Django app in docker-compose gets connection refused to localhost:5432.",
        "Inside a container localhost is the container itself. Use the service name from "
        "docker-compose (e.g. HOST=db) as the database host.",
        (
            "connection refused 127.0.0.1:5432 from compose",
            "the web service can not see the database",
        ),
        (
            "django in docker can't reach db",
            "OperationalError could not connect to server when running in containers",
        ),
    ),
    _s(
        "Migrations conflict after merging branches",
        "makemigrations says conflicting migrations detected; multiple leaf nodes in app.",
        "Run python manage.py makemigrations --merge to create a merge migration, or "
        "renumber one branch's migration to depend on the other.",
        ("multiple leaf nodes in the migration graph", "after git merge django complains"),
        ("two 0005 migration files clash", "teammate and me both added a migration"),
    ),
    _s(
        "Static files return 404 in production",
        "With DEBUG=False my CSS and JS are not found.",
        "Django only serves static files in DEBUG. Run collectstatic and serve STATIC_ROOT "
        "with whitenoise or nginx.",
        ("css missing when debug false", "site looks unstyled after deploying"),
        ("collectstatic done but styles not loading", "nginx gives 404 for /static/"),
    ),
    _s(
        "Celery periodic task every morning",
        "How do I run a cleanup function each day at 7am?",
        "Use celery beat with a crontab schedule in CELERY_BEAT_SCHEDULE: "
        "crontab(hour=7, minute=0), and run the beat process.",
        ("schedule a job daily", "cron like scheduling for my django project"),
        ("celery beat crontab not firing at 7", "want a recurring task at a fixed time"),
    ),
    _s(
        "Redis cache keeps stale data after update",
        "After I edit a product, the detail page still shows the old price for a while.",
        "Invalidate on write: delete the cache key in the save path (or a post_save "
        "signal), or use versioned keys.",
        ("old price shown after editing", "cached page is not refreshed when model changes"),
        ("cache invalidation on model save", "how to clear redis entry when data changes"),
    ),
    _s(
        "Password reset email not sent",
        "The password reset view says done but no email arrives.",
        "Configure EMAIL_BACKEND and SMTP settings; in development use the console backend "
        "to see the message in the terminal.",
        ("no mail arrives for forgot password", "django says sent but inbox is empty"),
        ("smtp settings for reset link", "EMAIL_HOST gmail not delivering"),
    ),
    _s(
        "Custom user model after first migration",
        "I want email login but already migrated with the default User.",
        "Set AUTH_USER_MODEL before the first migration; if you already migrated, reset the "
        "database in development or migrate data carefully to a custom AbstractUser.",
        ("swap AUTH_USER_MODEL midway", "changing the user table late breaks migrations"),
        ("login with email instead of username", "too late to replace built in User?"),
    ),
    _s(
        "Serializer validation for two fields together",
        "I need end_date to be after start_date in my DRF serializer.",
        "Override validate(self, attrs) on the serializer and raise "
        "serializers.ValidationError when attrs['end_date'] <= attrs['start_date'].",
        ("cross field check in serializer", "compare start and end dates before saving"),
        ("validate one field against another drf", "booking end must come later than begin"),
    ),
    _s(
        "Pagination in DRF list endpoint",
        "My API returns 10,000 rows at once; how do I page it?",
        "Set DEFAULT_PAGINATION_CLASS to PageNumberPagination with PAGE_SIZE, or "
        "LimitOffsetPagination; responses then carry next and previous links.",
        ("api returns everything in one response", "split results in pages"),
        (
            "page_size and next link in rest framework",
            "too much data coming back from the endpoint",
        ),
    ),
    _s(
        "asyncio.gather runs tasks one after another",
        "I expected my three HTTP calls to be concurrent but the total time is the sum.",
        "You are calling blocking requests.get inside async functions. Use an async "
        "client like httpx.AsyncClient or aiohttp, or run blocking calls in to_thread.",
        (
            "async functions not running in parallel",
            "three api calls take as long as doing them in sequence",
        ),
        ("requests.get inside coroutine blocks", "await gather still slow"),
    ),
    _s(
        "process.env variable undefined in React",
        "process.env.API_URL is undefined in my Vite app.",
        "Vite exposes only variables prefixed VITE_ through import.meta.env; rename it to "
        "VITE_API_URL and restart the dev server.",
        ("env var missing in vite frontend", "my base url from .env comes out undefined"),
        ("import.meta.env empty", "frontend cannot read environment config"),
    ),
    _s(
        "Gunicorn workers timeout on Render",
        "My deploy logs show WORKER TIMEOUT and the app restarts.",
        "A request runs longer than gunicorn's 30s timeout: move slow work to a background "
        "task, or raise --timeout and add workers if the work is legitimately slow.",
        ("WORKER TIMEOUT in logs", "web process killed after 30 seconds"),
        ("guncorn keeps restarting workers", "deployed site dies on long requests"),
    ),
    _s(
        "Unit test database is empty between tests",
        "Data created in one pytest test is gone in the next.",
        "Each test runs in a transaction rolled back at the end; create data per test with "
        "fixtures or factories, or use a module scoped fixture with django_db_blocker.",
        ("pytest django loses records", "objects from the previous test disappeared"),
        ("share setup data across tests", "why does my test db reset every time"),
    ),
    _s(
        "Mock an external API in tests",
        "My tests call a real payment API; how do I fake it?",
        "Use unittest.mock.patch on the function that makes the request and set "
        "return_value, or use the responses library to stub HTTP.",
        ("fake third party http call in unittest", "don't want tests to hit stripe"),
        ("patch requests.post in pytest", "stub the network in my test suite"),
    ),
    _s(
        "Git push rejected non-fast-forward",
        "git push says updates were rejected because the tip of your current branch is behind.",
        "Pull first with git pull --rebase, resolve any conflicts, then push. Never force "
        "push a shared branch.",
        ("cannot push, remote has new commits", "error: failed to push some refs"),
        ("push refused behind origin", "teammate pushed before me"),
    ),
    _s(
        "Undo the last commit but keep changes",
        "I committed to the wrong branch and want the changes back as uncommitted.",
        "git reset --soft HEAD~1 keeps the changes staged; then switch branch and commit.",
        ("revert a commit i just made", "committed too early, want to edit files again"),
        ("git reset soft vs hard", "take back my last commit without losing work"),
    ),
    _s(
        "Index a column used in filters",
        "Filtering orders by status is slow on a big table.",
        "Add db_index=True or Meta.indexes with models.Index(fields=['status']) and "
        "migrate; check with EXPLAIN that the index is used.",
        ("where clause on status takes seconds", "speed up lookups by a field"),
        ("add database index in django model", "query on large table scans everything"),
    ),
    _s(
        "Prevent double booking of a room",
        "Two users can book the same room for overlapping dates.",
        "Check overlap inside transaction.atomic with select_for_update, or better a "
        "PostgreSQL exclusion constraint on the date range.",
        ("overlapping reservations allowed", "same property booked twice for the same nights"),
        ("race condition when saving bookings", "airbnb clone lets users reserve taken dates"),
    ),
    _s(
        "Nginx 502 Bad Gateway with gunicorn",
        "nginx shows 502 after I set up my server.",
        "nginx cannot reach gunicorn: check gunicorn is running and that proxy_pass points "
        "at the same socket or port it binds to.",
        ("bad gateway reverse proxy", "upstream connection refused in nginx error log"),
        ("502 error on my vps", "proxy_pass to 127.0.0.1:8000 not working"),
    ),
    _s(
        "Docker image is huge",
        "My Python image is 1.2 GB; how do I shrink it?",
        "Use a slim base image, a multi-stage build, --no-cache-dir for pip and a "
        ".dockerignore to keep the build context small.",
        ("reduce dockerfile size", "container image takes forever to push"),
        ("multi stage build python", "image too big, gigabytes"),
    ),
    _s(
        "Environment variables for secrets in Django",
        "I don't want SECRET_KEY and database password in settings.py on GitHub.",
        "Read them from environment variables with os.environ or django-environ and a "
        ".env file that is in .gitignore.",
        ("hide secret key from repo", "credentials committed in settings"),
        ("use .env file with django", "where to keep api keys safely"),
    ),
    _s(
        "Hash passwords properly",
        "Is storing sha256 of the password enough?",
        "No: use a slow salted hash. Django's make_password uses PBKDF2 by default; argon2 "
        "or bcrypt are also fine.",
        ("store user passwords securely", "plain md5 hashing ok?"),
        ("bcrypt vs pbkdf2 for login", "how should passwords be saved in db"),
    ),
    _s(
        "Object level permissions in DRF",
        "Users can edit other users' posts through the API.",
        "Write a permission class with has_object_permission checking obj.owner == "
        "request.user and add it to permission_classes.",
        ("only owner may update", "anyone can PUT to any article"),
        ("IsOwnerOrReadOnly permission", "restrict edit and delete to the author"),
    ),
    _s(
        "Upload a file with fetch and FormData",
        "How do I send an image from React to my Django endpoint?",
        "Build a FormData, append the file, and fetch with method POST and the FormData as "
        "body; don't set Content-Type yourself so the boundary is added.",
        ("multipart upload from browser", "sending picture to backend gives empty request.FILES"),
        ("formdata image post react", "boundary missing in content-type header"),
    ),
    _s(
        "WebSocket disconnects after a minute",
        "My Django Channels socket closes by itself after about 60 seconds.",
        "A proxy closes idle connections: send a ping every 30 seconds and raise "
        "proxy_read_timeout in nginx for the websocket location.",
        ("channels connection drops when idle", "ws closes with code 1006"),
        ("websocket keeps getting closed", "socket dies if nobody chats for a while"),
    ),
    _s(
        "Run Django async views",
        "Can I write async def views and call the ORM inside?",
        "Yes under ASGI; wrap ORM calls with sync_to_async or use the async ORM methods "
        "like aget and acount.",
        ("async def view with database", "SynchronousOnlyOperation error"),
        ("orm in coroutine view", "you cannot call this from an async context"),
    ),
    _s(
        "GitHub Actions tests fail but pass locally",
        "CI fails with database errors, locally everything is green.",
        "Add a postgres service container to the workflow and set DATABASE_URL to it; the "
        "runner has no database by default.",
        ("ci red but works on my machine", "workflow cannot find database"),
        ("pipeline failing, local tests ok", "github workflow postgres connection"),
    ),
    _s(
        "Checker fails but my code works",
        "The ALX checker says my file is wrong but it runs fine for me.",
        "Check the exact output format and newline at the end, the shebang line, and that "
        "the file is executable (chmod +x).",
        ("auto checker rejects working script", "output is correct yet task fails"),
        ("correct result but checker says no", "missing executable permission maybe?"),
    ),
    _s(
        "Too many connections to PostgreSQL",
        "FATAL: sorry, too many clients already.",
        "Each worker opens connections: set CONN_MAX_AGE sensibly, reduce workers, or put "
        "pgbouncer in front for connection pooling.",
        ("sorry too many clients already", "postgres refuses new connections under load"),
        ("connection pool for django postgres", "max_connections reached"),
    ),
    _s(
        "Slow query: find which SQL is slow",
        "The site is slow but I don't know which query.",
        "Use django-debug-toolbar in development and pg_stat_statements in production to "
        "find the slowest queries, then EXPLAIN ANALYZE them.",
        ("how to profile database queries", "which sql statement takes the time"),
        ("pg_stat_statements setup", "locate the bottleneck query"),
    ),
    _s(
        "Send emails without blocking the request",
        "Signup takes 5 seconds because it sends a welcome email.",
        "Send it from a Celery task (send_welcome.delay(user.id)) so the request returns at once.",
        ("welcome mail makes registration slow", "offload email to background"),
        ("request waits for smtp", "do the mailing asynchronously"),
    ),
    _s(
        "OAuth login with Google in Django",
        "How do I add a Sign in with Google button?",
        "Use django-allauth with the Google provider: create OAuth credentials, set the "
        "redirect URI, add the SocialApp in admin.",
        ("social login google", "let users authenticate with their gmail account"),
        ("allauth google provider setup", "redirect_uri_mismatch error"),
    ),
    _s(
        "Store JWT in localStorage or cookie",
        "Where should my React app keep the access token?",
        "An httpOnly cookie is safer against XSS; keep the access token in memory and the "
        "refresh token in an httpOnly cookie with CSRF protection.",
        ("token storage in the browser", "is localstorage safe for auth tokens"),
        ("httponly cookie vs local storage jwt", "xss could steal my token?"),
    ),
    _s(
        "Swagger docs for DRF",
        "How do I generate API documentation automatically?",
        "Add drf-spectacular, set DEFAULT_SCHEMA_CLASS and route SpectacularSwaggerView.",
        ("openapi schema from rest framework", "auto generate api docs page"),
        ("swagger ui django", "document my endpoints without writing by hand"),
    ),
    _s(
        "Infinite scroll loads duplicate items",
        "When I scroll, some posts appear twice.",
        "Offset pagination shifts when new rows are inserted; use cursor pagination "
        "ordered by a unique field.",
        ("same records repeated when paging", "load more shows items again"),
        ("duplicates with page number pagination", "feed repeats posts on scroll"),
    ),
    _s(
        "Kubernetes pod stuck in CrashLoopBackOff",
        "My deployment's pod restarts over and over.",
        "Read kubectl logs --previous and kubectl describe pod to see why the container "
        "exits; often a missing env var or a failing readiness probe.",
        ("pod keeps restarting k8s", "kubectl shows back-off restarting failed container"),
        ("crashloop in cluster", "container exits right after start in kubernetes"),
    ),
    _s(
        "Load balancer sticky sessions",
        "Users get logged out when requests go to another server.",
        "Store sessions in a shared place (database or Redis) instead of local memory, "
        "or enable sticky sessions on the load balancer.",
        ("session lost behind nginx upstream", "login not shared between two instances"),
        ("scaling to 2 servers logs people out", "round robin breaks auth"),
    ),
    _s(
        "Log errors to Sentry",
        "How do I get notified when my production app throws?",
        "Install sentry-sdk, call sentry_sdk.init with your DSN and the Django integration.",
        ("error tracking for django in prod", "alert me on exceptions"),
        ("sentry setup", "monitor crashes of the live site"),
    ),
    _s(
        "Django admin list shows object names only",
        "The admin list page shows 'Product object (1)'.",
        "Define __str__ on the model and set list_display on the ModelAdmin to show columns.",
        ("admin displays object (1)", "want more columns in the admin table"),
        ("list_display modeladmin", "admin page only shows ids"),
    ),
    _s(
        "Template inheritance block not showing",
        "My child template content doesn't appear in the base layout.",
        "Use {% extends 'base.html' %} as the first line and put content in a {% block %} "
        "with the same name as in base.html.",
        ("extends base html content missing", "child page renders empty"),
        ("block content not rendered", "django template layout ignores my section"),
    ),
    _s(
        "Race condition when two users update a counter",
        "Likes count is wrong when many users click at once.",
        "Update in the database atomically with F('likes') + 1, or lock the row with "
        "select_for_update in a transaction.",
        ("lost update on like counter", "concurrent increments lose clicks"),
        ("F expression increment", "count off when several people press the button"),
    ),
    _s(
        "Connection refused to RabbitMQ",
        "Celery says Cannot connect to amqp://guest@127.0.0.1:5672.",
        "Start RabbitMQ (or its container) and point CELERY_BROKER_URL at the right host; "
        "in compose use the service name.",
        ("amqp connection refused", "broker not reachable for workers"),
        ("rabbitmq 5672 error", "celery worker can't find the message broker"),
    ),
    _s(
        "Refactor a huge view function",
        "My views.py has one 300 line function; how should I split it?",
        "Extract service functions for the business logic, keep the view thin, and name "
        "each piece after what it does.",
        ("clean up a giant django view", "too much logic in one function"),
        ("single responsibility for views", "my code is a mess, long function"),
    ),
    _s(
        "Dependency injection in Python",
        "How do I make my class testable without hardcoding the database client?",
        "Pass the client in through __init__ (constructor injection) so tests can hand it a fake.",
        ("avoid hardcoded dependencies", "swap the db client in tests"),
        ("inversion of control python", "pass collaborator to constructor"),
    ),
    _s(
        "Read replicas for Django",
        "Our database is overloaded with reads.",
        "Configure a second DATABASES entry for the replica and a database router that "
        "sends reads there and writes to the primary.",
        ("send select queries to a replica", "scale reads postgres"),
        ("database router read write split", "primary overloaded by read traffic"),
    ),
    _s(
        "Cache a whole view for 15 minutes",
        "My homepage is expensive and the same for everyone.",
        "Decorate the view with @cache_page(60 * 15), or use cache_page in the URLconf.",
        ("per view caching", "store rendered page for a while"),
        ("cache_page decorator", "homepage recomputed every request, avoid it"),
    ),
    _s(
        "ETag and 304 responses",
        "How can the browser avoid downloading unchanged API responses?",
        "Send ETag or Last-Modified; the browser sends If-None-Match and you answer 304 "
        "Not Modified (ConditionalGetMiddleware does it in Django).",
        ("conditional get not modified", "If-None-Match header handling"),
        ("browser re-downloads same json", "return 304 for unchanged data"),
    ),
    _s(
        "GraphQL N+1 with Graphene",
        "My Graphene query for authors and their books makes a query per author.",
        "Use a DataLoader to batch the book lookups per request, or optimise the resolver "
        "with prefetch_related.",
        ("graphene resolver queries per item", "nested graphql field very slow"),
        ("dataloader batching django", "graphql hits the database for each node"),
    ),
    _s(
        "Apollo client cache not updating after mutation",
        "After adding a todo the list doesn't refresh.",
        "Update the cache in the mutation's update function or refetchQueries the list "
        "query; the normalised cache can't guess new list items.",
        ("list stale after graphql mutation", "new item missing until reload"),
        ("refetchQueries apollo", "useMutation does not update the ui"),
    ),
    _s(
        "Fetch request timeout",
        "fetch waits forever when the server is down.",
        "Pass signal: AbortSignal.timeout(5000) to fetch and catch the AbortError.",
        ("abort fetch after some seconds", "request hangs without response"),
        ("abortcontroller timeout", "cancel http call in javascript if too slow"),
    ),
    _s(
        "API versioning strategy",
        "How do I change my API without breaking the mobile app?",
        "Version the URL (/api/v1/) or use Accept header versioning, keep the old version "
        "running, and announce deprecation with Sunset headers.",
        ("breaking change for old clients", "keep v1 alive while releasing v2"),
        ("url versioning rest", "deprecate endpoints gracefully"),
    ),
    _s(
        "Choose between SQL and MongoDB",
        "Should my booking app use MongoDB or PostgreSQL?",
        "Relational data with transactions (bookings, payments) suits PostgreSQL; its jsonb "
        "covers flexible fields.",
        ("nosql or relational for my project", "is mongo a good idea for reservations"),
        ("postgres vs mongodb", "document database versus sql"),
    ),
    _s(
        "Circular import between models",
        "ImportError: cannot import name 'Order' from partially initialized module.",
        "Reference the model by string in ForeignKey('orders.Order') or import inside the "
        "function; restructure modules so they don't import each other.",
        ("partially initialized module error", "two apps import each other"),
        ("most likely due to a circular import", "foreign key between apps breaks"),
    ),
    _s(
        "0.0.0.0:8000 works but localhost doesn't in Docker",
        "runserver inside the container is not reachable from my browser.",
        "Bind to 0.0.0.0 (runserver 0.0.0.0:8000) and publish the port with -p 8000:8000 "
        "or ports in compose.",
        ("cannot open app running in container", "browser can't reach runserver in docker"),
        ("port publishing docker django", "site in container not accessible from host"),
    ),
)

# Solved threads on the same tools, answering something else.
DISTRACTORS: tuple[tuple[str, str, str], ...] = (
    (
        "Django view returns 405 Method Not Allowed",
        "My POST to the view fails.",
        "Allow POST in the view, e.g. http_method_names or @require_http_methods.",
    ),
    (
        "prefetch_related with a custom queryset",
        "I need only active comments.",
        "Use Prefetch('comments', queryset=Comment.objects.filter(active=True)).",
    ),
    (
        "DRF returns 401 instead of 403",
        "Unauthenticated users get 401.",
        "401 comes from an authentication class with a WWW-Authenticate header.",
    ),
    (
        "Order by a JSONField key",
        "Sort products by data->price.",
        "Use KeyTextTransform or order_by('data__price') with a cast.",
    ),
    (
        "CSRF token missing on POST from Postman",
        "Forbidden (CSRF token missing).",
        "Use token auth for API clients or send the csrftoken cookie and X-CSRFToken.",
    ),
    (
        "JWT signature verification failed",
        "Token is invalid or expired.",
        "Both services must share the same SIGNING_KEY and algorithm.",
    ),
    (
        "Celery task retry with backoff",
        "Retry a failing HTTP call three times.",
        "Use autoretry_for with retry_backoff=True and max_retries=3.",
    ),
    (
        "Docker compose volume permissions",
        "Permission denied writing to the volume.",
        "Match the container user's uid to the host directory or chown it.",
    ),
    (
        "Squash old migrations",
        "I have 200 migration files.",
        "Use squashmigrations app 0200 and remove the old ones after deploying.",
    ),
    (
        "Media uploads 404 in development",
        "Uploaded images not shown.",
        "Add static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) to urls.",
    ),
    (
        "Redis memory keeps growing",
        "Redis uses 4 GB.",
        "Set maxmemory and an eviction policy like allkeys-lru, and give keys a TTL.",
    ),
    (
        "Email sent twice on signup",
        "Users receive two welcome mails.",
        "The signal is connected twice; use dispatch_uid or connect in AppConfig.ready.",
    ),
    (
        "Serializer nested writes",
        "Create an order with its items in one POST.",
        "Override create() on the serializer to create the nested items.",
    ),
    (
        "Cursor pagination requires ordering",
        "CursorPagination errors without ordering.",
        "Set ordering on the paginator to a unique, unchanging field like created.",
    ),
    (
        "asyncio event loop is closed",
        "RuntimeError: Event loop is closed on Windows.",
        "Use asyncio.run and close clients inside the loop before it ends.",
    ),
    (
        "Vite proxy for API in development",
        "Avoid CORS in dev by proxying.",
        "Set server.proxy in vite.config.js to forward /api to Django.",
    ),
    (
        "Gunicorn number of workers",
        "How many workers for 2 CPUs?",
        "Start with 2*CPU+1 and measure; async workers for I/O heavy apps.",
    ),
    (
        "pytest fixtures scope",
        "Session vs function scoped fixtures.",
        "Function scope gives isolation; session scope shares expensive setup.",
    ),
    (
        "Git rebase interactive squash commits",
        "Combine my last 4 commits.",
        "git rebase -i HEAD~4 and mark commits as squash.",
    ),
    (
        "Composite index order",
        "Index on (status, created) or (created, status)?",
        "Put the equality column first, then the range or sort column.",
    ),
    (
        "Nginx client_max_body_size",
        "413 Request Entity Too Large on upload.",
        "Raise client_max_body_size in the server block.",
    ),
    (
        "Dockerfile layer caching for pip",
        "Every build reinstalls requirements.",
        "Copy requirements.txt and pip install before copying the code.",
    ),
    (
        "Django settings per environment",
        "Separate dev and prod settings.",
        "Split settings into base, dev, prod modules and pick with DJANGO_SETTINGS_MODULE.",
    ),
    (
        "Token authentication in DRF",
        "How do clients get a token?",
        "Add rest_framework.authtoken and obtain_auth_token view.",
    ),
    (
        "Upload progress bar",
        "Show the percentage while uploading.",
        "fetch has no upload progress; use XMLHttpRequest upload.onprogress.",
    ),
    (
        "Channels group send from a view",
        "Notify sockets when a model saves.",
        "Use async_to_sync(channel_layer.group_send) with the group name.",
    ),
    (
        "GitHub Actions cache pip",
        "CI installs dependencies every run.",
        "Use actions/setup-python with cache: pip.",
    ),
    (
        "Kubernetes secret as env var",
        "Pass the DB password to the pod.",
        "Create a Secret and reference it with valueFrom.secretKeyRef.",
    ),
    (
        "Structured JSON logging",
        "Logs should be JSON for our aggregator.",
        "Use a JSON formatter in LOGGING, e.g. python-json-logger.",
    ),
    (
        "Admin action to mark as published",
        "Bulk publish articles in admin.",
        "Write an admin action function and add it to actions on the ModelAdmin.",
    ),
    (
        "Template filter for currency",
        "Format prices in templates.",
        "Write a custom filter in templatetags or use intcomma from humanize.",
    ),
    (
        "select_for_update nowait",
        "Fail fast when the row is locked.",
        "select_for_update(nowait=True) raises DatabaseError if locked.",
    ),
    (
        "Celery task result backend",
        "Get the return value of a task.",
        "Configure CELERY_RESULT_BACKEND and call AsyncResult(id).get().",
    ),
    (
        "GraphQL mutation input validation",
        "Validate arguments in Graphene.",
        "Raise GraphQLError in mutate or validate in a form/serializer.",
    ),
    (
        "Abort fetch when component unmounts",
        "React warns about state update.",
        "Create an AbortController in useEffect and abort it in the cleanup.",
    ),
    (
        "Sunset header format",
        "How to announce API end of life.",
        "Send Sunset with an HTTP date and a Link rel=deprecation.",
    ),
    (
        "MongoDB with Django",
        "Can the ORM use MongoDB?",
        "Not natively; use djongo or pymongo/mongoengine directly.",
    ),
    (
        "Model import inside signals",
        "AppRegistryNotReady in signals.py.",
        "Import signals in AppConfig.ready.",
    ),
    (
        "Docker healthcheck for Postgres",
        "Web starts before db is ready.",
        "Add a pg_isready healthcheck and depends_on condition: service_healthy.",
    ),
    (
        "Read replica lag",
        "User doesn't see their own write.",
        "Read from the primary right after a write (sticky reads) for that user.",
    ),
)

# Questions no solved thread answers, on the same tools.
NEW: tuple[Asked, ...] = tuple(
    Asked(title, question)
    for title, question in (
        ("Django signals vs overriding save", "when is each one better?"),
        ("How to translate my site with gettext", "i18n for french and arabic"),
        ("DRF file download endpoint", "return a generated PDF"),
        ("Celery chord callback never called", "group of tasks then a summary"),
        ("docker buildx for arm", "build images for raspberry pi"),
        ("Stripe webhook signature", "verify events from stripe"),
        ("Full text search in postgres from django", "SearchVector and SearchRank"),
        ("Timezone aware datetimes warning", "naive datetime received while time zone"),
        ("React useEffect runs twice", "strict mode calls my effect twice"),
        ("Tailwind classes not applied", "styles missing in production build"),
        ("Python dataclass vs pydantic", "which one for config objects"),
        ("How to write a management command", "custom manage.py task"),
        ("Websocket authentication with JWT", "pass the token when connecting"),
        ("Terraform state locking", "two people ran apply at once"),
        ("Soft delete models", "keep deleted rows hidden but stored"),
        ("Generate slugs automatically", "unique slug from title"),
        ("Django forms with dynamic fields", "number of fields depends on user choice"),
        ("Redis pub/sub vs streams", "which for notifications"),
        ("Celery flower dashboard", "monitor workers in a web ui"),
        ("Jenkins pipeline parallel stages", "run tests and lint at the same time"),
        ("Type hints for Django querysets", "mypy complains about QuerySet"),
        ("Export a queryset to CSV", "download button in admin"),
        ("Postgres enum vs choices", "store status values"),
        ("Feature flags in Django", "turn features on per user"),
        ("Multi tenant SaaS with schemas", "one schema per customer"),
        ("Elasticsearch with django", "search across products"),
        ("How to write a Dockerfile for Next.js", "standalone output"),
        ("Python virtualenv activate on Windows", "scripts activate not allowed"),
        ("SQLAlchemy vs Django ORM", "for a fastapi project"),
        ("GraphQL subscriptions", "live updates over graphql"),
        ("API keys for partners", "issue and revoke keys"),
        ("Blue green deploy on a single VPS", "zero downtime without kubernetes"),
        ("Hexagonal architecture in Django", "ports and adapters"),
        ("Encrypt a field in the database", "store national id numbers"),
        ("Cron inside docker container", "run a script every hour in the image"),
        ("Celery vs Django Q vs RQ", "lightweight task queue choice"),
        ("Implement search autocomplete", "suggest titles while typing"),
        ("Two factor authentication", "TOTP codes for login"),
        ("Time series data in postgres", "sensor readings every second"),
        ("OpenAPI client generation for TypeScript", "types from my schema"),
    )
)

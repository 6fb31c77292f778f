export const USAGE = `optiblog — generate researched, cited, SEO-assessed articles with an OptiBlog Edge server

Usage:
  optiblog generate "keyword" [options]     start a job and follow it to the end
  optiblog status <id> [--json]             show a job's status and scores
  optiblog get <id> --format md|html|json [-o file]
                                            download a finished article
  optiblog batch <file.txt> [options]       one keyword a line: start them all as one batch

Connection (every command):
  --url <url>        server URL (env OPTIBLOG_URL, default http://127.0.0.1:8787)
  --key <key>        API key (env OPTIBLOG_KEY)

Writing options (generate, batch):
  --tone <t>             professional | casual | technical | friendly | authoritative
  --audience <a>         beginners | intermediate | advanced | general
  --content-type <c>     tutorial | guide | review | comparison | news | opinion
  --target-words <n>     target length, 800-5000
  --no-faq, --no-toc, --no-conclusion
  --focus <a,b>          extra focus keywords, comma-separated
  --language <tag>       BCP 47 language tag, e.g. en
  --urls <u1,u2>         research these URLs instead of searching
  --threshold <n>        score an article needs to pass, 0-100 (default 75)
  --max-attempts <n>     writing attempts, 1-5 (default 3)
  --webhook-url <url>    notify this URL when the job ends
  --fresh                write anew even when an identical article of yours is cached

generate also takes:
  --no-follow            print the job id and return at once
  --timeout <seconds>    give up following after this long (default 300)
  --json                 print the finished job as JSON on stdout

Exit codes:
  0  success
  1  the job failed (ArticleFailed); a finished job below the threshold still exits 0
  2  usage error (unknown option, missing argument)
  3  authentication: the API key was rejected
  4  the request was rejected: validation errors (shown field by field) or no such job
  5  the server could not be reached or answered with a server error
`;

"""Independent SigV4 oracle for test/sigv4: signs requests with botocore's SigV4Auth.

Batch mode (botocore takes ~0.4 s to import, so one process signs everything): reads JSON lines from stdin,
writes one JSON line per request to stdout, in order.

Input line:  {"method", "url" (wire form, percent-encoded), "headers": [[name, value], ...], "body" (text),
              "accessKeyId", "secretAccessKey", "sessionToken" (optional), "region", "service",
              "amzDate" ("YYYYMMDDTHHMMSSZ"), "contentSha256" (bool: send x-amz-content-sha256, hashed here)}
Output line: {"headers": [[name, value], ...], "canonicalRequest", "stringToSign"}  or  {"error": "..."}
"""
import datetime
import hashlib
import json
import sys
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class RecordingSigV4Auth(SigV4Auth):
    """SigV4Auth that also keeps the canonical request and string to sign, for readable test failures."""

    recorded = ('', '')

    def string_to_sign(self, request, canonical_request):
        result = super().string_to_sign(request, canonical_request)
        self.recorded = (canonical_request, result)
        return result


def sign(spec):
    body = spec.get('body', '').encode('utf-8')
    request = AWSRequest(method=spec['method'], url=spec['url'], data=body)
    for name, value in spec.get('headers', []):
        request.headers[name] = value
    if spec.get('contentSha256'):
        request.headers['X-Amz-Content-SHA256'] = hashlib.sha256(body).hexdigest()
    credentials = Credentials(spec['accessKeyId'], spec['secretAccessKey'], spec.get('sessionToken'))
    auth = RecordingSigV4Auth(credentials, spec['service'], spec['region'])
    moment = datetime.datetime.strptime(spec['amzDate'], '%Y%m%dT%H%M%SZ')
    # botocore reads the clock through botocore.auth.get_current_datetime; pin it to the requested instant.
    with mock.patch('botocore.auth.get_current_datetime', return_value=moment):
        auth.add_auth(request)
    canonical_request, string_to_sign = auth.recorded
    return {
        'headers': [[name, value] for name, value in request.headers.items()],
        'canonicalRequest': canonical_request,
        'stringToSign': string_to_sign,
    }


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = sign(json.loads(line))
        except Exception as err:  # reported per request so one bad input does not hide the others
            result = {'error': f'{type(err).__name__}: {err}'}
        sys.stdout.write(json.dumps(result) + '\n')
    sys.stdout.flush()


if __name__ == '__main__':
    main()

# Messages of the JSON API (src/web/api). Keys must match id/api.ftl.

api-error-not-found = There is nothing at this address. Check the drive's slug.
api-error-method-not-allowed = This address does not accept that request method. The Allow header lists the methods it does.
api-error-bad-request = The request cannot be read.
api-error-unreadable-json = The request body is not valid JSON or does not have the expected shape (line { $line }, column { $column }).
api-error-unsupported-media-type = Send the request body as JSON, with the header Content-Type: application/json.
api-error-payload-too-large = The request body is too large.
api-error-unauthorized = Sign in or use an API token for this.
api-error-forbidden = You are not allowed to do this.
api-error-conflict = This conflicts with the current state. Please reload and try again.
api-error-too-many-requests = Too many requests. Please wait a moment and try again.
api-error-duplicate = This person is already registered for this drive. Use the link in the confirmation to see, reschedule or cancel the registration.
api-error-slot-full = This arrival time is full. Choose another one, or join the waiting list.
api-error-slot-closed = This arrival time is closed. Choose another one, or join the waiting list.
api-error-registration-closed = Registration for this drive is closed.
api-error-not-eligible = According to the self-check, this person cannot donate on the day of the drive. The reasons say why and from when.
api-error-unavailable = The service is briefly unavailable. Please try again in a moment.
api-error-internal = Something went wrong on our side. Please try again later.
api-error-not-on-staff-list = This NIP/NIK is not on the staff list of the units invited to this drive. Ask the drive's contact person.
api-error-waitlist-full = This drive's waitlist is full.

# English.

app-name = Blood Drive
nav-skip = Skip to content
nav-label = Main navigation
footer-text = A blood donation drive with PMI (Indonesian Red Cross). Your personal data is protected under Law No. 27 of 2022 on Personal Data Protection.

index-title = Blood drives
index-heading = Your blood, someone's hope
index-lead = Choose a blood drive below, check whether you can donate, then register and pick a time to come.
index-none-title = No drive is open yet
index-none-message = No blood drive is taking registrations right now. Please check again later.
index-see-drive = See the schedule

drive-date = Date
drive-venue = Venue
drive-partner = In partnership with
drive-target = Target
drive-target-bags = { $count } bags
drive-seats-left = { $count } places left
drive-full-waitlist = Full — waiting list open
drive-registration-closed = Registration closed
drive-registration-until = Registration is open until { $when }.
drive-registration-closed-long = Online registration has closed. You can still come on the day; PMI staff will take walk-ins as places allow.
drive-slots-heading = Arrival times
drive-no-slots = The committee has not set the arrival times yet.
drive-before-heading = Before you donate
drive-before-sleep = Sleep well, at least 4 hours, the night before.
drive-before-eat = Eat 3–4 hours before donating and drink plenty of water.
drive-before-id = Bring your ID card or staff card, and your donor card if you have one.

slot-time = Time
slot-seats-left = Places left
slot-fill = Filled
slot-full = Full
slot-closed = Closed

setup-title = Create the first organizer account
setup-lead = No staff account exists yet. The account you create here becomes the first organizer account, which can then add others.
setup-display-name = Full name
setup-display-name-invalid = Enter your full name (at most 120 characters).
setup-username = Username
setup-username-hint = Lowercase letters, digits, dots, underscores or hyphens; 2–40 characters.
setup-username-invalid = A username may only contain lowercase letters, digits, dots, underscores or hyphens (2–40 characters).
setup-password = Password
setup-password-hint = At least { $min } characters. A long sentence you can remember is safer than a short complicated word.
setup-password-confirm = Repeat the password
setup-password-mismatch = The two passwords differ.
setup-submit = Create account
setup-done-title = Account created
setup-done-message = The organizer account "{ $username }" has been created. This link cannot be used again.
setup-go-login = Sign in
setup-unusable-title = This link is not valid
setup-unusable-message = This link has been used, has expired, or a staff account already exists. Restart the application to get a new link if there is no account at all.

password-too-short = The password is too short: at least { $min } characters.
password-too-long = The password is too long: at most 256 characters.
password-is-username = The password must not be the same as the username.

error-home = Back to the home page
error-bad-request-title = The request could not be processed
error-bad-request-message = What was sent is incomplete or not as expected. Check your entries and try again.
error-unauthorized-title = Please sign in first
error-unauthorized-message = This page is for staff only. Sign in with your account to continue.
error-forbidden-title = Access denied
error-forbidden-message = You do not have permission to open this page.
error-csrf-title = This form has expired
error-csrf-message = This form was open too long or was sent from elsewhere. Reload the page and send it again.
error-not-found-title = Page not found
error-not-found-message = The address you opened does not exist or is no longer valid. Check the link.
error-method-not-allowed-title = Request method not supported
error-method-not-allowed-message = This address exists but cannot be opened that way. Go back to the previous page and use its buttons or links.
error-conflict-title = The data has changed
error-conflict-message = Someone else has just changed this. Reload the page and try again.
error-too-large-title = Too large
error-too-large-message = The file or form you sent is over the size limit.
error-too-many-title = Too many attempts
error-too-many-message = Please wait a few minutes before trying again.
error-unavailable-title = Service temporarily unavailable
error-unavailable-message = The database cannot be reached right now. Your data is safe; please try again in a moment.
error-internal-title = Something went wrong
error-internal-message = Sorry, something went wrong on our side. It has been logged; please try again.

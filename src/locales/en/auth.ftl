# Staff sign-in and sign-out; staff navigation.

nav-pmi = PMI desk
nav-admin = Organizers
nav-logout = Sign out
nav-staff-login = Staff sign-in

role-organizer = Organizer
role-pmi = PMI staff

login-title = Staff sign-in
login-lead = This page is for organizers and PMI staff. Donors do not need an account.
login-username = Username
login-username-missing = Enter your username.
login-password = Password
login-password-missing = Enter your password.
login-submit = Sign in
login-wrong = Wrong username or password, or the account is disabled.
login-throttled = Too many failed sign-in attempts. Please try again in { $minutes } minutes.
login-help = Forgot your password? Ask an organizer to reset it.

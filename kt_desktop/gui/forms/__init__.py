"""Forms compiled from forms/*.ui by .ci/forms.py; generated, do not edit."""

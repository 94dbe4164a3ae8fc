"""Command line: `flask --app hiring COMMAND`. Thin: parse, call an operation, print."""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_migrate import upgrade
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from hiring import demo
from hiring.auth import operations as auth_ops
from hiring.auth.models import Role
from hiring.calibration.schema import CalibrationError, check_calibration_paths, parse_calibration_set
from hiring.candidates import operations as candidate_ops
from hiring.candidates import queries as candidate_queries
from hiring.candidates.importing import check_rows, read_candidates
from hiring.candidates.models import Candidate
from hiring.exercises.schema import ExerciseError, check_exercise_paths, parse_exercise
from hiring.extensions import db
from hiring.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations_for
from hiring.interviews import operations as interview_ops
from hiring.interviews.importing import check_score_rows, read_scores
from hiring.interviews.runsheets import RunSheetError, check_runsheet_paths, load_runsheet
from hiring.openings import operations as opening_ops
from hiring.openings.models import Opening
from hiring.privacy import operations as privacy_ops
from hiring.privacy.backups import BackupError
from hiring.reports import exports
from hiring.reports.fonts import FontsMissing
from hiring.reports.pdf import build_comparison_pdf
from hiring.rubrics.schema import RubricError, check_paths, load_rubric
from hiring.rubrics.store import latest_version, numbered_version, save_version, sync_files
from hiring.rubrics.translations import (
    CALIBRATION_TEXTS,
    CONTENT_LANGUAGES,
    EXERCISE_TEXTS,
    RUBRIC_TEXTS,
    RUNSHEET_TEXTS,
    check_translations,
    translation_path,
    untranslated,
)
from hiring.rubrics.yamlfile import read_rubric_file, rubric_yaml
from hiring.shortlists import operations as shortlist_ops
from hiring.shortlists import queries as shortlist_queries
from hiring.spreadsheets import ImportFileError, ImportLimits
from hiring.timeutil import zone_named, zone_names
from hiring.transactions import finish, in_unit_of_work
from hiring.validation import ValidationError, clean_text
from hiring.wording import plural
from hiring.yamlreader import find_yaml_files, read_utf8


def register_commands(app: Flask) -> None:
    for command in (init_db, demo_command, rubrics, users, openings, candidates, scores, tokens, report, export,
                    purge, backup, restore, worker, remind):
        app.cli.add_command(_one_unit_of_work(command))


def _one_unit_of_work(command: click.Command) -> click.Command:
    """Each command is one unit of work: committed when it returns, rolled back when it fails. Its
    text arguments are typed text like a form's (`_typed_text`)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _one_unit_of_work(sub)
    elif command.callback is not None and not getattr(command.callback, "in_unit_of_work", False):
        command.callback = in_unit_of_work(_typed_text(command, command.callback))
        command.callback.in_unit_of_work = True
    return command


def _typed_text(command: click.Command, callback):
    """`callback` with every text argument through the typed-text rule (`clean_text`): line breaks
    as LF, and a control character refused (exit 1, naming the option) before the command runs."""
    names = {p.name: p.opts[0] if isinstance(p, click.Option) else p.human_readable_name for p in command.params}

    def clean(name: str, value):
        if isinstance(value, str):
            return clean_text(value, names.get(name, name))
        if isinstance(value, tuple):
            return tuple(clean(name, v) for v in value)
        return value

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            kwargs = {name: clean(name, value) for name, value in kwargs.items()}
        except ValidationError as err:
            _fail(f"{err.field}: {err.message}")
        return callback(*args, **kwargs)

    return run


def _fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def _exit_with_problems() -> None:
    """Keep what the command did (commit its unit of work), but exit 1: some input was refused."""
    finish(True)
    sys.exit(1)


def _opening(opening_id: int) -> Opening:
    opening = db.session.get(Opening, opening_id)
    if opening is None:
        _fail(f"No opening with id {opening_id}.")
    return opening


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (runs the Alembic migrations)."""
    upgrade(directory=current_app.config["MIGRATIONS_DIR"])
    click.echo("Database is up to date.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load into a database with no users.")
def demo_command(if_empty: bool) -> None:
    """Load the demo team, opening and candidates (idempotent), then print the logins."""
    if if_empty and not demo.is_empty():
        click.echo("The database already has data; demo not loaded.")
    else:
        opening = demo.load_demo(current_app.config["RUBRICS_DIR"])
        click.echo(f"Demo opening #{opening.id}: {opening.title}")
    click.echo("Demo logins (role, email, password):")
    for line in demo.login_lines():
        click.echo(line)


@click.group()
def rubrics() -> None:
    """Rubric files."""


def _languages(_ctx, _param, value: str) -> tuple[str, ...]:
    languages = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if unknown := [language for language in languages if language not in LANGUAGES]:
        raise click.BadParameter(f"{', '.join(unknown)}: use {', '.join(LANGUAGES)}")
    return languages


@rubrics.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--languages", default=",".join(LANGUAGES), show_default=True, callback=_languages,
              help="The languages every text must be translated into (English is the source).")
def rubrics_check(paths: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """Validate rubric files, and the exercise, run sheet and calibration files in their exercises/,
    runsheets/ and calibration/ folders (default: the rubrics folder). A file in one of those folders,
    or the folder itself, is checked as such against the rubrics of the folder above it (calibration
    sets against those rubrics and exercises; criteria a set has no material for are listed, not
    refused). Every text must be translated, and each translation current (its English unchanged
    since). Exit 1 on any problem."""
    rubric_paths, exercise_paths, runsheet_paths, calibration_paths = _content_paths(paths)
    found, problems = check_paths(rubric_paths) if rubric_paths else ([], [])
    for rubric in found:
        click.echo(f"ok  {rubric.key} {rubric.version} ({len(rubric.criteria)} criteria, "
                   f"{rubric.content_hash[:10]})")
    known = {r.key: r for r in found}
    # Exercises and run sheets named on their own are checked against the rubrics beside their folder;
    # those rubrics' own problems are reported when they are checked, not here.
    for folder in {(p if p.is_dir() else p.parent).parent for p in [*exercise_paths, *runsheet_paths]} - set(
            rubric_paths):
        known.update((r.key, r) for r in check_paths([folder])[0] if r.key not in known)
    if exercise_paths:
        exercises, exercise_problems = check_exercise_paths(exercise_paths, known)
        for exercise in exercises:
            click.echo(f"ok  exercise {exercise.key} ({exercise.type}, {exercise.time_limit_minutes} min)")
        problems = [*problems, *exercise_problems]
    if runsheet_paths:
        sheets, sheet_problems = check_runsheet_paths(runsheet_paths, known)
        for sheet in sheets:
            click.echo(f"ok  run sheet {sheet.key} ({sheet.criterion}, {len(sheet.moments)} moments, {sheet.length})")
        problems = [*problems, *sheet_problems]
    if calibration_paths:
        problems = [*problems, *_check_calibration(calibration_paths, found, rubric_paths)]
    for source, key, data, patterns, noun in _content(rubric_paths, exercise_paths, runsheet_paths,
                                                      calibration_paths):
        problems += check_translations(source, key, data, patterns, noun, languages)
    for problem in problems:
        click.secho(str(problem), fg="red", err=True)
    if problems:
        sys.exit(1)


@rubrics.command("translations")
@click.argument("language", type=click.Choice(CONTENT_LANGUAGES))
@click.argument("paths", nargs=-1, type=click.Path())
def rubrics_translations(language: str, paths: tuple[str, ...]) -> None:
    """List the rubric, exercise, run sheet and calibration texts still to translate into LANGUAGE
    (missing, or stale because their English changed), as entries of the translation files: write
    each `english` as `text` in LANGUAGE, keep `source`, and `rubrics check` passes."""
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    total = 0
    for source, key, data, patterns, _noun in _content(*_content_paths(paths)):
        todo = untranslated(source, key, data, patterns, language)
        if not todo:
            continue
        total += len(todo)
        entries = {path: {"source": entry["source"], "english": LiteralScalarString(entry["english"])
                          if "\n" in entry["english"] else entry["english"]} for path, entry in todo.items()}
        click.echo(f"# {translation_path(source.parent, language, key)}: {len(todo)} to translate")
        yaml.dump({"language": language, "texts": entries}, sys.stdout)
        click.echo()
    click.echo(f"# {total} texts to translate into {LANGUAGES[language]}", err=True)


@rubrics.command("export")
@click.argument("key")
@click.option("--version", "number", type=int, help="The version number (1, 2, 3…); default: the newest.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def rubrics_export(key: str, number: int | None, out: Path) -> None:
    """Write a stored version of the rubric KEY as a YAML file that `rubrics check` accepts and `rubrics
    import` reads back to the same content hash (the file it was stored from, comments and all, if it
    had one)."""
    rubrics_dir = current_app.config["RUBRICS_DIR"]
    sync_files(rubrics_dir)  # the files in the rubrics folder are versions too
    version = latest_version(key) if number is None else numbered_version(key, number)
    if version is None:
        newest = latest_version(key)
        _fail(f"No rubric with key '{key}'." if newest is None else
              f"Rubric '{key}' has no version {number}; its versions are 1 to {newest.number}.")
    out.write_text(rubric_yaml(version.english, version.source_text), encoding="utf-8")
    click.echo(f"Wrote {out}: {version.key} version {version.number} ({version.label}), {version.content_hash}")


@rubrics.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--note", default="", help="The change note: what changed and why.")
def rubrics_import(file: Path, note: str) -> None:
    """Store a rubric file as the next version of its rubric (its key is in the file), checked by the
    same rules as `rubrics check`; the same content as a stored version is not stored again. Prints
    the key, the version number and the content hash; exit 1 on any problem, storing nothing."""
    try:
        rubric, text = read_rubric_file(file.read_bytes(), str(file))
    except RubricError as err:
        for problem in err.problems:
            click.secho(str(problem), fg="red", err=True)
        sys.exit(1)
    sync_files(current_app.config["RUBRICS_DIR"])  # numbered after the files' versions, as in the browser
    version, is_new = save_version(None, rubric, text, origin="upload", note=note, source_path=file.name)
    if is_new:
        click.echo(f"Stored {version.key} version {version.number}, {version.content_hash}")
    else:
        click.echo(f"Identical to {version.key} version {version.number}, {version.content_hash}; nothing stored.")


def _check_calibration(calibration_paths: list[Path], found: list, rubric_paths: list[Path]) -> list:
    """Check calibration sets against the rubrics and the exercises beside their folder (those files'
    own problems are reported when they are checked, not here); print each good set and the criteria
    it has no material for. Returns the problems."""
    known = {rubric.key: rubric for rubric in found}
    folders = {(p if p.is_dir() else p.parent).parent for p in calibration_paths}
    for folder in folders - set(rubric_paths):
        known.update((r.key, r) for r in check_paths([folder])[0] if r.key not in known)
    exercises = {}
    for folder in folders:
        if (folder / "exercises").is_dir():
            exercises.update((e.key, e) for e in check_exercise_paths([folder / "exercises"], known)[0])
    sets, problems = check_calibration_paths(calibration_paths, known, exercises)
    for calibration in sets:
        languages = ", ".join(dict.fromkeys(item.language for item in calibration.items))
        click.echo(f"ok  calibration {calibration.key} ({len(calibration.items)} items in {languages}; "
                   f"rubric {calibration.rubric} {calibration.rubric_version})")
        if missing := calibration.without_material(known[calibration.rubric]):
            click.echo(f"    no calibration material yet: {', '.join(missing)}")
    return problems


def _content(rubric_paths: list[Path], exercise_paths: list[Path], runsheet_paths: list[Path] = (),
             calibration_paths: list[Path] = ()) -> list[tuple[Path, str, dict, tuple, str]]:
    """Every valid rubric, exercise, run sheet and calibration file under the paths: (file, key, stored form, text
    paths, noun)."""
    found = []
    for path in find_yaml_files(rubric_paths):
        with contextlib.suppress(RubricError, OSError):
            rubric = load_rubric(path)
            found.append((path, rubric.key, rubric.to_dict(), RUBRIC_TEXTS, "rubric"))
    for path in find_yaml_files(exercise_paths):
        with contextlib.suppress(ExerciseError, OSError):
            exercise = parse_exercise(read_utf8(path, ExerciseError), str(path))
            found.append((path, exercise.key, exercise.to_dict(), EXERCISE_TEXTS, "exercise"))
    for path in find_yaml_files(runsheet_paths):
        with contextlib.suppress(RunSheetError, OSError):
            sheet = load_runsheet(path)
            found.append((path, sheet.key, sheet.to_dict(), RUNSHEET_TEXTS, "run sheet"))
    for path in find_yaml_files(calibration_paths):
        with contextlib.suppress(CalibrationError, OSError):
            calibration = parse_calibration_set(read_utf8(path, CalibrationError), str(path))
            found.append((path, calibration.key, calibration.to_dict(), CALIBRATION_TEXTS, "calibration set"))
    return found


#: The folders beside the rubrics that hold other content: exercises, run sheets and calibration sets.
CONTENT_FOLDERS = ("exercises", "runsheets", "calibration")


def _in_folder(path: Path, folder: str) -> bool:
    """Exercise files live in an `exercises` folder (rubrics/exercises/*.yaml), run sheets in
    `runsheets`, calibration sets in `calibration`."""
    return path.name == folder if path.is_dir() else path.parent.name == folder


def _content_paths(paths: tuple[str, ...]) -> tuple[list[Path], list[Path], list[Path], list[Path]]:
    """The rubric, exercise, run sheet and calibration paths named (default: the rubrics folder); a
    rubrics folder brings its exercises/, runsheets/ and calibration/ folders."""
    given = [Path(p) for p in paths or (current_app.config["RUBRICS_DIR"],)]
    rubric_paths = [p for p in given if not any(_in_folder(p, folder) for folder in CONTENT_FOLDERS)]
    exercise_paths, runsheet_paths, calibration_paths = (
        list(dict.fromkeys([*(p for p in given if _in_folder(p, folder)),
                            *(p / folder for p in rubric_paths if (p / folder).is_dir())]))
        for folder in CONTENT_FOLDERS)
    return rubric_paths, exercise_paths, runsheet_paths, calibration_paths


@click.group()
def users() -> None:
    """People who use the app."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--name", default="", help="Display name (default: the email).")
@click.option("--language", type=click.Choice(list(LANGUAGES)), default=None,
              help="The language they read the app in (default: their browser's).")
def users_create(email: str, role: str, password: str, name: str, language: str | None) -> None:
    """Create a user."""
    try:
        user = auth_ops.create_user(None, email=email, name=name or email, role=role,
                                    password=password, language=language)
    except ValidationError as err:
        _fail(err.message)
    click.echo(f"Created {user.email} ({user.role.value}), id {user.id}")


@click.group()
def openings() -> None:
    """Openings (roles being hired for)."""


def _parse_weight(_ctx, _param, values: tuple[str, ...]) -> dict[str, float]:
    weights = {}
    for item in values:
        key, sep, number = item.partition("=")
        try:
            weights[key.strip()] = float(number)
        except ValueError:
            sep = ""
        if not sep:
            raise click.BadParameter(f"'{item}': expected criterion=number, e.g. analytics=1.5")
    return weights


@openings.command("create")
@click.option("--title", required=True)
@click.option("--rubric", "rubric_key", required=True, help="The rubric's key, e.g. social-media-manager.")
@click.option("--location", default="")
@click.option("--weight", "weights", multiple=True, callback=_parse_weight,
              help="criterion=value, repeatable; other criteria keep the rubric's weight.")
@click.option("--stage", "stages", multiple=True, help="Stage name, repeatable (default: the usual four).")
def openings_create(title, rubric_key, location, weights, stages) -> None:
    """Create an opening pinned to the rubric's current version; prints its id."""
    try:
        opening = opening_ops.create_opening(
            None, title=title, rubric_key=rubric_key, location=location,
            rubrics_dir=current_app.config["RUBRICS_DIR"], weights=weights,
            **({"stages": stages} if stages else {}),
        )
    except ValidationError as err:
        _fail(err.message)
    click.echo(opening.id)


@click.group()
def candidates() -> None:
    """Candidates."""


@candidates.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--opening", "opening_id", required=True, type=int)
def candidates_import(file: Path, opening_id: int) -> None:
    """Import candidates from CSV or XLSX. Good rows are imported; exit 1 if any row had problems."""
    opening = _opening(opening_id)
    try:
        frame = read_candidates(file, limits=ImportLimits.for_cli(current_app.config))
        report = check_rows(frame, stage_names=[s.name for s in opening.stages],
                            existing_emails=candidate_ops.existing_emails(opening),
                            existing_people=candidate_queries.known_people(opening))
    except ImportFileError as err:
        _fail(str(err))
    imported = candidate_ops.import_candidates(None, opening, report, file.name)
    _print_report(report, imported, "candidate")
    for row in report.possible_duplicates:
        for duplicate in row.possible_duplicates:
            where = (_("row %(row)d", row=duplicate.of.row) if duplicate.of.row is not None
                     else _("existing candidate %(id)d", id=duplicate.of.candidate_id))
            click.secho(_("row %(row)d: imported; possible duplicate of %(name)s (%(where)s): %(reason)s",
                          row=row.row, name=duplicate.of.name, where=where, reason=_(duplicate.reason.label)),
                        fg="yellow")
    if report.bad:
        _exit_with_problems()


def _print_report(report, imported: int, what: str) -> None:
    for warning in report.warnings:
        click.secho(warning, fg="yellow", err=True)
    for row in report.duplicates:
        click.echo(f"row {row.row}: duplicate ({row.duplicate_of}), skipped")
    for problem in report.problems:
        click.secho(str(problem), fg="red", err=True)
    click.echo(f"Imported {plural(imported, what)}; {plural(len(report.bad), 'row')} with problems; "
               f"{plural(len(report.duplicates), 'duplicate')}.")


@click.group()
def scores() -> None:
    """Scores kept in spreadsheets."""


@scores.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--opening", "opening_id", required=True, type=int)
@click.option("--create-raters", is_flag=True, help="Create unknown raters as interviewers on the team.")
def scores_import(file: Path, opening_id: int, create_raters: bool) -> None:
    """Import ratings (candidate_email, rater_email, stage, criterion, rating, note). Exit 1 on bad rows."""
    opening = _opening(opening_id)
    try:
        context = interview_ops.score_import_context(opening, create_raters=create_raters)
        report = check_score_rows(read_scores(file, limits=ImportLimits.for_cli(current_app.config)), context)
    except ImportFileError as err:
        _fail(str(err))
    imported = interview_ops.import_scores(None, opening, report, file.name, create_raters=create_raters)
    _print_report(report, imported, "rating")
    if report.bad:
        _exit_with_problems()


@click.group()
def tokens() -> None:
    """Tokens for the JSON API."""


@tokens.command("create")
@click.option("--email", required=True)
@click.option("--name", default="", help="What the token is for, e.g. 'reporting script'.")
def tokens_create(email: str, name: str) -> None:
    """Create an API token for a user and print it (it is shown only this once)."""
    user = auth_ops.find_user(email)
    if user is None:
        _fail(f"No user with email {email}.")
    click.echo(auth_ops.create_token(None, user, name))


@click.command("report")
@click.argument("opening_id", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the PDF.")
@click.option("--candidate", "candidate_ids", type=int, multiple=True,
              help="A candidate id to compare (repeat, 2 to 6); default: the shortlist.")
@click.option("--language", type=click.Choice(list(LANGUAGES)), default=DEFAULT_LANGUAGE, show_default=True,
              help="The language of the PDF's labels, methodology and dates.")
@click.option("--time-zone", "time_zone", default="UTC", show_default=True,
              help="The IANA time zone the PDF's times are shown in, e.g. Asia/Shanghai.")
def report(opening_id: int, out: Path, candidate_ids: tuple[int, ...], language: str, time_zone: str) -> None:
    """Write the comparison PDF of an opening's shortlist (or of the candidates given)."""
    if time_zone not in zone_names():
        _fail(f"'{time_zone}' is not a time zone (an IANA name such as Europe/Madrid).")
    opening = _opening(opening_id)
    ids = list(dict.fromkeys(candidate_ids)) or [c.id for c in shortlist_queries.shortlisted(opening)]
    if not candidate_ids and len(ids) < shortlist_queries.MIN_COMPARED:
        _fail(f"Opening #{opening.id} has {plural(len(ids), 'candidate')} on its shortlist; "
              f"shortlist at least {shortlist_queries.MIN_COMPARED} or name them with --candidate.")
    if candidate_ids and (problem := shortlist_queries.check_selection(ids)):
        _fail(problem)
    with force_locale(language):  # the comparison's own words (types, statuses, notes) too
        comparison = shortlist_queries.build_comparison(
            opening, ids, author=_("the command line"),
            grace=timedelta(seconds=current_app.config["EXERCISE_GRACE_SECONDS"]))
    found = {c.id for c in comparison.candidates}
    if unknown := [i for i in ids if i not in found]:
        _fail(f"Not candidates of opening #{opening.id}: {', '.join(map(str, unknown))}.")
    try:
        out.write_bytes(build_comparison_pdf(comparison, translations_for(language), language,
                                             zone_named(time_zone)))
    except FontsMissing as err:
        _fail(str(err))
    shortlist_ops.note_export(None, opening, format="pdf", candidates=ids, path=str(out))
    click.echo(f"Wrote {out} ({plural(len(ids), 'candidate')}).")


@click.command("export")
@click.argument("opening_id", type=int)
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="csv", show_default=True)
@click.option("--table", type=click.Choice(exports.TABLES), default="scores", show_default=True,
              help="CSV only: scores per candidate × criterion, or every rating with rater and note. "
                   "XLSX holds both, one sheet each.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(opening_id: int, fmt: str, table: str, out: Path) -> None:
    """Export an opening's scores as CSV or XLSX (cells neutralised against formula injection)."""
    opening = _opening(opening_id)
    tables = shortlist_queries.export_tables(opening)
    out.write_bytes(exports.to_xlsx(tables) if fmt == "xlsx" else exports.to_csv(tables[table]))
    shortlist_ops.note_export(None, opening, format=fmt, table=table if fmt == "csv" else "all", path=str(out))
    rows = len(tables[table]) if fmt == "csv" else sum(len(t) for t in tables.values())
    click.echo(f"Wrote {out} ({plural(rows, 'row')}).")


@openings.command("retention")
@click.argument("opening_id", type=int)
@click.option("--days", type=int, help="Keep candidates not hired this many days (replaces purge's --older-than).")
@click.option("--clear", is_flag=True, help="Use purge's --older-than again.")
def openings_retention(opening_id: int, days: int | None, clear: bool) -> None:
    """Set an opening's own retention period for candidates who were not hired."""
    if clear == (days is not None):
        _fail("Give --days N or --clear.")
    try:
        opening = privacy_ops.set_retention(None, _opening(opening_id), None if clear else days)
    except ValidationError as err:
        _fail(err.message)
    click.echo(f"Opening #{opening.id}: " + (f"retention {plural(opening.retention_days, 'day')}."
                                             if opening.retention_days else "purge's --older-than applies."))


def _candidate(candidate_id: int):
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        _fail(f"No candidate with id {candidate_id}.")
    return candidate


@candidates.command("export-data")
@click.argument("candidate_id", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def candidates_export_data(candidate_id: int, out: Path) -> None:
    """Write everything stored about a candidate (data.json and their files) to a ZIP."""
    archive = privacy_ops.export_data(None, _candidate(candidate_id))
    out.write_bytes(archive)
    out.chmod(0o600)
    click.echo(f"Wrote {out} ({len(archive)} bytes).")


@candidates.command("erase")
@click.argument("candidate_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def candidates_erase(candidate_id: int, yes: bool) -> None:
    """Erase a candidate: their rows, uploaded files and the personal data in the audit trail."""
    candidate = _candidate(candidate_id)
    if not yes:
        click.confirm(f"Erase candidate #{candidate.id} ({candidate.name}) and all their data?", abort=True)
    erasure = privacy_ops.erase_candidate(None, candidate)
    click.echo(f"Erased candidate #{candidate_id}; the audit trail calls them {erasure.ref}. "
               f"Removed {plural(erasure.files_removed, 'file')}.")


@click.command("purge")
@click.option("--older-than", "days", type=int, required=True,
              help="Days to keep candidates not hired, for openings without their own retention.")
@click.option("--dry-run", is_flag=True, help="List who would be anonymised; change nothing.")
def purge(days: int, dry_run: bool) -> None:
    """Anonymise candidates who were not hired once their retention period has passed."""
    try:
        result = privacy_ops.purge(None, days, dry_run=dry_run)
    except ValidationError as err:
        _fail(err.message)
    for due in result.due:
        c = due.candidate
        click.echo(f"#{c.id}  opening #{c.opening_id} {c.opening.title}  created {c.created_at:%Y-%m-%d}  "
                   f"retention {due.retention_days} d" + (f"  {c.name}" if dry_run else ""))
    if dry_run:
        click.echo(f"Dry run: {plural(len(result.due), 'candidate')} would be anonymised; nothing changed.")
    else:
        click.echo(f"Anonymised {plural(len(result.due), 'candidate')}; "
                   f"removed {plural(result.files_removed, 'file')}.")


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due, then exit (for cron or a test).")
@click.option("--interval", type=float, default=5.0, show_default=True, help="Seconds between rounds.")
def worker(once: bool, interval: float) -> None:
    """Send the outbox's email: claims due messages, retries failures with backoff, never twice.
    SIGTERM or Ctrl+C stops it cleanly: the message being sent is finished, the rest of its batch
    goes back to the queue (a second signal stops it at once)."""
    from hiring.outbox import worker as outbox_worker

    if not current_app.config.get("MAIL_SERVER"):
        click.echo("MAIL_SERVER is not set: messages are kept as 'not sent' and shown on the pages to copy.")
    stopping = threading.Event()

    def stop(signum, frame) -> None:
        if stopping.is_set():
            raise KeyboardInterrupt
        stopping.set()

    # Signal handlers can only be set in the main thread; the previous ones come back on the way out.
    handled = (signal.SIGTERM, signal.SIGINT) if threading.current_thread() is threading.main_thread() else ()
    previous = {signum: signal.signal(signum, stop) for signum in handled}
    try:
        if once:
            counts = outbox_worker.run_once(current_app.config, stop=stopping.is_set)
            click.echo(", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if v) or "nothing due")
        else:
            outbox_worker.run_forever(current_app.config, interval, stop=stopping.is_set)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@click.command("remind")
@click.option("--now", "now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d"]), default=None,
              help="Act as if it were this UTC time (default: now), e.g. to catch up a missed day.")
def remind(now) -> None:
    """Remind raters of the scorecards they owe: once on the due date, once two days after; and tell
    the opening's hiring managers (and an admin who sent it) of each invitation not started 48 hours
    before it expires, once. Run it daily, e.g. from cron; a second run the same day sends nothing
    new. The worker sends the email."""
    from hiring.notifications import operations as notification_ops
    from hiring.timeutil import utcnow

    sent = notification_ops.remind(now or utcnow())
    click.echo(f"Reminders: {sent['scorecard_due']} due today, {sent['scorecard_overdue']} two days overdue.")
    click.echo(f"Notices of invitations about to expire unused: {sent['invitation_expiring']}.")


@click.command("backup")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def backup(out: Path) -> None:
    """Back up the database: SQLite by its online backup API, PostgreSQL by pg_dump --format=custom."""
    try:
        result = privacy_ops.backup_database(None, out)
    except BackupError as err:
        _fail(str(err))
    if result.command:
        click.echo(f"Ran: {result.command}")
    click.echo(f"Wrote {result.out} ({result.out.stat().st_size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data (a copy is kept first).")
def restore(file: Path, force: bool) -> None:
    """Restore a SQLite database from a backup (PostgreSQL: prints the pg_restore command)."""
    try:
        result = privacy_ops.restore_database(None, file, current_app.config["MIGRATIONS_DIR"], force=force)
    except BackupError as err:
        _fail(str(err))
    if result.safety_copy:
        click.echo(f"The database as it was is kept in {result.safety_copy}.")
    click.echo(f"Restored {file} (schema {result.revision}" + (", upgraded)." if result.upgraded else ")."))

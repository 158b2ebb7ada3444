" reqhooks for ALE on TOML files (pyproject.toml, poetry.lock, uv.lock, pdm.lock, pylock.toml,
" Pipfile): the same linter as ale_linters/requirements/reqhooks.vim, which must be there too.
" Other TOML files are left alone (the command is empty for them).

call ale#Set('requirements_reqhooks_executable', 'reqhooks')
call ale#Set('requirements_reqhooks_options', '')

call ale#linter#Define('toml', {
\   'name': 'reqhooks',
\   'executable': {b -> ale#Var(b, 'requirements_reqhooks_executable')},
\   'cwd': '%s:h',
\   'command': function('ale_linters#requirements#reqhooks#GetCommand'),
\   'callback': 'ale_linters#requirements#reqhooks#Handle',
\   'output_stream': 'stdout',
\})

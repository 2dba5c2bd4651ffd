import { readFile } from 'node:fs/promises';
import { TemplateRepository } from '../main/services/batch/template-repository';
import { UsageError, toText, type CommandSpec } from './cli-command';

// `wan-studio templates`: saved templates (`batch --template NAME`) and lists (`{NAME}` in a
// template, one value a line), in the library database.

const say = (text: string): void => void process.stdout.write(`${text}\n`);

export const TEMPLATE_COMMANDS: Record<string, CommandSpec> = {
  templates: {
    options: { list: { type: 'boolean' }, file: { type: 'string' } },
    usage: ['templates [list] | save NAME (TEXT | --file F) [--list] | delete NAME   saved templates and lists'],
    run: async (positionals, v, ctx) => {
      const repo = new TemplateRepository(ctx.library.db);
      const [action = 'list', name, text] = positionals;
      const isJson = v.json === true;
      if (action === 'list') {
        const all = repo.list();
        if (isJson) say(JSON.stringify({ templates: all }));
        else for (const t of all) say(`${t.kind.padEnd(8)} ${t.name}  ${t.body.replace(/\s*\n\s*/g, ' | ')}`);
        return 0;
      }
      if (!name?.trim()) throw new UsageError(`templates ${action} takes a NAME.`);
      if (action === 'delete') {
        const isDeleted = repo.delete(name);
        if (isJson) say(JSON.stringify({ isDeleted }));
        else say(isDeleted ? `Deleted ${name}.` : `No template or list named ${name}.`);
        return isDeleted ? 0 : 2;
      }
      if (action !== 'save') throw new UsageError('templates takes list, save or delete.');
      const file = toText(v.file, '--file');
      if ((text === undefined) === (file === undefined)) throw new UsageError('templates save takes TEXT or --file F.');
      const body = file === undefined ? text! : await readFile(file, 'utf8');
      const saved = repo.save(name, v.list === true ? 'list' : 'template', body.replace(/^\uFEFF/, ''), Date.now());
      if (isJson) say(JSON.stringify({ template: saved }));
      else say(`Saved ${saved.kind} ${saved.name}.`);
      return 0;
    },
  },
};

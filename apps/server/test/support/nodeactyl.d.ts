// nodeactyl ships no types: the part of its application client the tests drive.
declare module "nodeactyl" {
  export class NodeactylApplication {
    constructor(host: string, key: string);
    getAllUsers(): Promise<any>;
    getUserPage(page: number): Promise<any>;
    getUserDetails(userId: number): Promise<any>;
    getUserByUsername(username: string): Promise<any>;
    getUserByEmail(email: string): Promise<any>;
    createUser(email: string, username: string, firstName: string, lastName: string, password?: string | null): Promise<any>;
    updateUserDetails(userId: number, email: string, username: string, firstName: string, lastName: string, language: string, password: string): Promise<boolean>;
    deleteUser(userId: number): Promise<boolean>;
  }
  const Nodeactyl: { NodeactylApplication: typeof NodeactylApplication };
  export default Nodeactyl;
}
